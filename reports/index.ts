// The reports' public face: pure renderers of the plain report input they
// define (nothing flows back). Each system converts its runs into ReportInput.
export { renderTerminalReport, type TerminalReportOptions } from './terminal';
export { renderHtmlReport } from './html';
export { latencyByOp, quantileMs, clientOperationCount, type LatencyRow } from './latency';
export type {
  ReportInput,
  ReportViolation,
  ReportChart,
  ReportSeries,
  ReportPoint,
  ReportPanel,
  ReportGrid,
  ReportGridMark,
  ReportActor,
  ReportHistoryEvent,
  ReportFault,
  ReportTrace,
  ReportTraceEvent,
  ReportTone,
} from './report-input';
