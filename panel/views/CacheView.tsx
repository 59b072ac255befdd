// The Cache view: one row per URL with its verdict per load, and session comparison (the cache issue).
export function CacheView() {
  return <p class="empty">The Cache view is not built yet.</p>;
}
