// Types for asciichart 1.5.25 (the package ships none): only what reports/ uses.
declare module 'asciichart' {
  export interface PlotConfig {
    /** Rows of the chart (default: the data's range). */
    height?: number;
    min?: number;
    max?: number;
    /** Columns before the axis (default 3). */
    offset?: number;
    padding?: string;
    /** ANSI colour sequences, one per series. */
    colors?: string[];
    symbols?: string[];
    format?: (value: number, index: number) => string;
  }
  export function plot(series: number[] | number[][], config?: PlotConfig): string;
  export function colored(char: string, color?: string): string;
  export const red: string;
  export const green: string;
  export const yellow: string;
  export const blue: string;
  export const cyan: string;
  export const magenta: string;
  export const reset: string;
  export const darkgray: string;
}
