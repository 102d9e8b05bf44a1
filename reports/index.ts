// The reports' public face: pure renderers of a run result (nothing flows back).
export { renderTerminalReport, type TerminalReportOptions } from './terminal';
export { renderHtmlReport } from './html';
export { latencyByOp, quantileMs, clientOperationCount, type LatencyRow } from './latency';
