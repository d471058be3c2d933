import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The Chinese font embedded in PDFs (pdfmake subsets it: a document carries only the glyphs it uses). The project
 * must carry its font rather than rely on one installed on the machine, so it comes from an npm package:
 * `@embedpdf/fonts-sc` (Noto Sans Hans, OFL-1.1; the Regular OTF used here is 8.4 MB, the package 42 MB unpacked).
 * `DOUDI_PDF_FONT=/path/font.otf` (or `/path/fonts.ttc#FaceName` for a collection) overrides it. Without either,
 * PDFs are refused with a coded error and the HTML print view (browser "print to PDF") is the way to paper.
 */
export interface PdfFont {
  data: Buffer;
  /** Face name inside a font collection (.ttc). */
  face?: string;
  source: string;
}

const PACKAGE = '@embedpdf/fonts-sc';
const PACKAGE_FILE = 'NotoSansHans-Regular.otf';

let cached: PdfFont | null | undefined;

function fromSpec(spec: string): PdfFont | null {
  const [path, face] = spec.split('#');
  if (!existsSync(path)) return null;
  return { data: readFileSync(path), ...(face ? { face } : {}), source: spec };
}

function fromPackage(): PdfFont | null {
  try {
    // The package exports only its index; the fonts sit in ../fonts beside it.
    const entry = createRequire(import.meta.url).resolve(PACKAGE);
    const file = join(dirname(entry), '..', 'fonts', PACKAGE_FILE);
    return existsSync(file) ? { data: readFileSync(file), source: `${PACKAGE}/${PACKAGE_FILE}` } : null;
  } catch {
    return null;
  }
}

/** The font to embed, or null when none is available (read once, then kept). */
export function pdfFont(env: NodeJS.ProcessEnv = process.env): PdfFont | null {
  if (cached !== undefined) return cached;
  const spec = env.DOUDI_PDF_FONT?.trim();
  cached = (spec ? fromSpec(spec) : null) ?? fromPackage();
  return cached;
}

/** Forgets the font found (tests switch DOUDI_PDF_FONT). */
export function resetPdfFont(): void {
  cached = undefined;
}
