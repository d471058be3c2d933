import { APPROVAL_LEVEL_LABELS, PROGRAM_FIGURE_LABELS, REPORT_PROGRAM_LABELS, SECTION_FIGURE_LABELS, figurePathWords, type Words } from '../../contracts/report-words.ts';

/**
 * The report's words in Chinese for the server's documents (xlsx, PDF, the CLI): the Chinese of the one bilingual list
 * in contracts/report-words.ts, which the web app's locales read too. The statistics layout's names (民政统计季报).
 */
const zhOf = (m: Record<string, Words>): Record<string, string> => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v.zh]));

export const PROGRAM_WORDS: Record<string, string> = zhOf(REPORT_PROGRAM_LABELS);

export const FIGURE_WORDS: Record<string, string> = zhOf({ ...PROGRAM_FIGURE_LABELS, ...SECTION_FIGURE_LABELS, ...APPROVAL_LEVEL_LABELS });

/** A figure's path ('byCategory.medical.fen') in words: 按类别·医疗支出·支出（元）. */
export const figureWords = (figure: string): string => figurePathWords(figure).zh;

/** Whether a figure is an amount in fen (shown in yuan). */
export const isFenFigure = (figure: string): boolean => /Fen$|(^|\.)fen$/.test(figure);
