import { render } from 'preact';

render(<p>Netlens</p>, document.getElementById('app')!);
