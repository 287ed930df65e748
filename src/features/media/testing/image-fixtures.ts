// Media rows for other features' tests (an article's hero picture). Other
// features' tests use a feature's testing/ helpers, never its repository
// (docs/architecture.md).
export { insertImage } from '../media.repository.js';
