// The browser's name and version for the session row, from the user agent (reduced UA keeps
// the major version; the brand list names Chrome or Chromium).
export function browserVersion(): string | undefined {
  const ua = (globalThis.navigator as Navigator & { userAgentData?: { brands: { brand: string; version: string }[] } }) ?? undefined;
  const brand = ua?.userAgentData?.brands.find((b) => /Chrom/.test(b.brand));
  const fromUa = /Chrome\/([\d.]+)/.exec(ua?.userAgent ?? '')?.[1];
  if (brand) return `${brand.brand} ${fromUa ?? brand.version}`;
  return fromUa ? `Chrome ${fromUa}` : undefined;
}
