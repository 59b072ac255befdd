// A sentence of the analyses, whose code spans are marked with backticks (`max-age=600`), rendered
// with the spans as <code>.
export function CodeText({ text }: { text: string }) {
  const parts = text.split('`');
  return <>{parts.map((part, i) => (i % 2 === 1 ? <code key={i} class="code-span">{part}</code> : part))}</>;
}

/** The sentence as plain text (backticks dropped), for a tooltip. */
export function plainText(text: string): string {
  return text.replace(/`/g, '');
}
