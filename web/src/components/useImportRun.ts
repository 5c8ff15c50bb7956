import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../api/client';

/** A cell a dry run refused: where it is in the sheet, what was there, and why. */
export interface ImportRowError {
  row: number;
  column: string;
  value: string;
  message: string;
}

/** What every import answers, whatever else it reports: whether it was written, and the refused cells. */
export interface ImportReport {
  committed: boolean;
  errors: ImportRowError[];
}

/**
 * Sends the chosen file, as a dry run or for real. `onProgress` is for a sender that can say how
 * much of the upload has gone (uploadWithProgress); uploadFile ignores it.
 */
export type ImportSend<R> = (file: File, commit: boolean, onProgress: (percent: number) => void) => Promise<R>;

export interface ImportRunOptions<R> {
  /** The page's own parameters are chosen (the unit, the period, the chain …); until then nothing is sent. */
  ready?: boolean;
  /** The queries a commit makes stale. */
  invalidates?: QueryKey;
  onCommitted?: (report: R) => void;
}

/**
 * The state machine of an import page: choose a file → dry run (the report) → commit (the report,
 * committed) → start again. The step the page is at follows from the report.
 */
export function useImportRun<R extends ImportReport>(send: ImportSend<R>, { ready = true, invalidates, onCommitted }: ImportRunOptions<R> = {}) {
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<R | null>(null);
  const [busy, setBusy] = useState(false);
  // Known only where the sender reports it; null otherwise.
  const [percent, setPercent] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function attempt(commit: boolean) {
    if (!file || !ready) return;
    setError(null);
    setBusy(true);
    try {
      const next = await send(file, commit, setPercent);
      setReport(next);
      if (commit) {
        onCommitted?.(next);
        if (invalidates) void client.invalidateQueries({ queryKey: invalidates });
      }
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
      setPercent(null);
    }
  }

  return {
    file,
    setFile,
    report,
    busy,
    percent,
    error,
    /** For the page's own requests beside the import (a template's download), shown in the same place. */
    setError,
    ready,
    /** 0 choosing the file, 1 the dry run's report, 2 committed. */
    step: report?.committed ? 2 : report ? 1 : 0,
    run: (commit: boolean) => void attempt(commit),
    /** 重新选择文件: back to choosing, the page's parameters kept (the last request's error cleared: it was about the file left behind). */
    restart: () => {
      setReport(null);
      setFile(null);
      setError(null);
    },
  };
}

export type ImportRun<R extends ImportReport = ImportReport> = ReturnType<typeof useImportRun<R>>;
