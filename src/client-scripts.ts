// The browser scripts each kind of enhanced page loads, by the features that
// own them: registered as static assets by app.ts, and bundled ahead of time
// by the production build (scripts/build.js).
import { registrationScripts } from './features/accounts/registration-scripts.js';
import { commentScripts } from './features/comments/comment-scripts.js';
import { eventScripts } from './features/events/event-scripts.js';
import { mediaLibraryScripts, newsroomScripts } from './features/newsroom/newsroom-scripts.js';

export const clientScripts = {
  registration: registrationScripts,
  comments: commentScripts,
  newsroom: newsroomScripts,
  mediaLibrary: mediaLibraryScripts,
  events: eventScripts,
};
