// Draws the installable app's icons (web manifest, ADR 0051) into web/public/icons with sharp: the app's blue with a
// white house and a shield-like roof — no text, so no CJK font is needed on the machine that draws them.
// Run once when the design changes: `npx node scripts/make-icons.mjs`; the PNGs are committed.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const out = fileURLToPath(new URL('../web/public/icons/', import.meta.url));
mkdirSync(out, { recursive: true });
const svg = (size, maskable) => {
  const pad = maskable ? size * 0.2 : size * 0.12;
  const s = size - 2 * pad;
  const x = (f) => pad + f * s;
  const radius = maskable ? 0 : size * 0.18;
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">
  <rect width="${size}" height="${size}" rx="${radius}" fill="#1e56a0"/>
  <path d="M ${x(0.5)} ${x(0.08)} L ${x(0.95)} ${x(0.46)} L ${x(0.82)} ${x(0.46)} L ${x(0.82)} ${x(0.92)} L ${x(0.18)} ${x(0.92)} L ${x(0.18)} ${x(0.46)} L ${x(0.05)} ${x(0.46)} Z" fill="#ffffff"/>
  <rect x="${x(0.42)}" y="${x(0.62)}" width="${s * 0.16}" height="${s * 0.3}" fill="#1e56a0"/>
</svg>`);
};
for (const [name, size, maskable] of [['icon-192.png', 192, false], ['icon-512.png', 512, false], ['maskable-512.png', 512, true], ['apple-touch-icon.png', 180, false]]) {
  await sharp(svg(size, maskable)).png({ compressionLevel: 9, palette: true }).toFile(`${out}${name}`);
}
