// The Connections view: one block per origin pool, one lane per socket (the socket pools issue).
export function ConnectionsView() {
  return <p class="empty">The Connections view is not built yet.</p>;
}
