// Linked before the widget module runs, so the widget is never drawn unstyled
// for long. A <link> to our own origin is allowed by style-src 'self'; an
// injected <style> element would not be.
import { page } from './browser.js';

declare const ALTCHA_STYLESHEET_URL: string;

const link = page.createElement('link');
link.rel = 'stylesheet';
link.href = ALTCHA_STYLESHEET_URL;
page.head.append(link);
