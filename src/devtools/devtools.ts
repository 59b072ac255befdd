// The devtools page: registers the Netlens panel. Wiring only.
import browser from 'webextension-polyfill';

void browser.devtools.panels.create('Netlens', '/icons/icon32.png', '/panel/index.html');
