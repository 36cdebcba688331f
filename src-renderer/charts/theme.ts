/**
 * Chart colours for the light and dark themes, the same values as app.css's custom properties
 * (Chart.js draws on a canvas, which cannot read CSS variables itself). Each pairing is checked
 * for contrast in test/unit/charts: text ≥ 4.5:1 against the surface, marks ≥ 3:1 (WCAG 1.4.3, 1.4.11).
 */
export interface ChartTheme {
  mode: 'light' | 'dark';
  surface: string;
  text: string;
  muted: string;
  grid: string;
  accent: string;
  /** A second series (e.g. plays behind new artists). */
  secondary: string;
}

export const lightTheme: ChartTheme = {
  mode: 'light',
  surface: '#ffffff',
  text: '#1b1d22',
  muted: '#646a76',
  grid: '#dfe2e8',
  accent: '#5b4cdb',
  secondary: '#8a6d00',
};

export const darkTheme: ChartTheme = {
  mode: 'dark',
  surface: '#1a1c22',
  text: '#e8e9ee',
  muted: '#9aa0ad',
  grid: '#2e323b',
  accent: '#8b7fff',
  secondary: '#e0b84a',
};

export function themeFor(dark: boolean): ChartTheme {
  return dark ? darkTheme : lightTheme;
}

/** "#5b4cdb", 0.4 → "rgba(91, 76, 219, 0.4)". */
export function withAlpha(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${+alpha.toFixed(3)})`;
}

/** WCAG relative luminance and contrast ratio of two "#rrggbb" colours. */
export function contrastRatio(a: string, b: string): number {
  const lum = (hex: string) => {
    const n = parseInt(hex.slice(1), 16);
    const [r, g, bl] = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Axis styling shared by every chart: readable ticks, quiet grid. */
export function axis(theme: ChartTheme, title?: string) {
  return {
    ticks: { color: theme.muted },
    grid: { color: theme.grid },
    border: { color: theme.grid },
    ...(title ? { title: { display: true, text: title, color: theme.muted } } : {}),
  };
}
