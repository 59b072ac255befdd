import { render } from 'preact';

function App() {
  return <main class="netlens">Netlens</main>;
}

render(<App />, document.getElementById('app')!);
