// Accounts rows for other features' tests: a user stored as registration
// stores one, without going through the forms. (Other features' tests use a
// feature's testing/ helpers, never its repository: docs/architecture.md.)
export { insertUser } from '../accounts.repository.js';
