// The chart's colours and sizes. The background is opaque white, so the image reads the same on
// Discord's dark and light themes (a transparent chart would put dark text on a dark theme); every
// colour that draws text or a line is at least 4.5:1 against it (WCAG AA for normal text, checked
// in test/render/chart.test.ts), and the series colours differ in lightness as well as hue.

export const BACKGROUND = '#ffffff';
/** Titles, axis labels, legend text. */
export const TEXT = '#1f2328';
/** The subtitle and the source line. */
export const MUTED = '#4b5563';
/** Grid lines: not text, kept faint. */
export const GRID = '#d9dde3';

/** One colour per series, in order; a ninth series reuses the first (its legend names it). */
export const PALETTE = ['#1f5fbf', '#b3261e', '#18794e', '#8a4b08', '#6e3fb5', '#0b6e75', '#a4005b', '#4d5358'] as const;

/** Every colour the chart writes text in (the qualifier symbols are drawn in their series' colour). */
export const TEXT_COLOURS = [TEXT, MUTED, ...PALETTE] as const;

/** The image: 800 × 450 CSS pixels drawn at 1.5 times the density, so a phone's screen gets sharp text. */
export const CHART_WIDTH = 800;
export const CHART_HEIGHT = 450;
export const CHART_SCALE = 1.5;

export const FONT_FAMILY = 'DejaVu Sans';
/** The font files, in assets/fonts (the only fonts the renderer loads: system fonts are off). */
export const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'] as const;
