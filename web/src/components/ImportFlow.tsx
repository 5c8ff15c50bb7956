import { InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Flex, Result, Row, Space, Statistic, Steps, Table, Typography, Upload, type ColProps, type RowProps } from 'antd';
import { createContext, useContext, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportReport, ImportRowError, ImportRun } from './useImportRun';

/**
 * The parts of an import page (choose a file → 检查 → 确认导入), around useImportRun. The page keeps
 * its own parameters, words and outcome tables; these are what every import shows alike.
 *
 * Inside the flow's column (an antd Space) an element that renders nothing still takes a gap, so a
 * page renders AllOrNothing, ImportErrors, ImportDone and ImportActions only when they have
 * something to show.
 */

/** The prefix of the parts' test ids: `import` (import-file, import-dry-run, import-summary …) unless the page says otherwise. */
const TestIds = createContext('import');

/** The steps, the error of the last request, then the page's parameters and file — or the report once there is one. */
export function ImportFlow<R extends ImportReport>({ flow, testIds = 'import', stepsGap = 24, pick, result }: { flow: ImportRun<R>; testIds?: string; stepsGap?: number; pick: ReactNode; result: (report: R) => ReactNode }) {
  const { t } = useTranslation();
  return (
    <TestIds.Provider value={testIds}>
      <Steps current={flow.step} size="small" style={{ marginBottom: stepsGap }} items={[{ title: t('import.step1') }, { title: t('import.step2') }, { title: t('import.step3') }]} />
      {flow.error && <Alert type="error" showIcon title={flow.error} style={{ marginBottom: 16 }} data-testid={`${testIds}-error`} />}
      {/* Keyed apart, so starting again gives a fresh file picker. */}
      {flow.report ? (
        <Space key="report" direction="vertical" size="middle" style={{ width: '100%' }}>
          {result(flow.report)}
        </Space>
      ) : (
        <Space key="pick" direction="vertical" size="middle" style={{ width: '100%' }}>
          {pick}
        </Space>
      )}
    </TestIds.Provider>
  );
}

/** The Excel file to import, kept in the flow rather than uploaded at once. */
export function ImportFilePicker({ flow, drop, hint, onPick }: { flow: ImportRun; drop: ReactNode; hint: ReactNode; onPick?: (file: File) => void }) {
  return (
    <Upload.Dragger
      accept=".xlsx,.xls"
      maxCount={1}
      beforeUpload={(f) => {
        flow.setFile(f);
        onPick?.(f);
        return false;
      }}
      onRemove={() => flow.setFile(null)}
      data-testid={`${useContext(TestIds)}-file`}
    >
      <p className="ant-upload-drag-icon">
        <InboxOutlined />
      </p>
      <p>{drop}</p>
      <Typography.Text type="secondary">{hint}</Typography.Text>
    </Upload.Dragger>
  );
}

/** 检查（不写入）, saying how far the upload got where the sender reports it. */
export function DryRunButton({ flow }: { flow: ImportRun }) {
  const { t } = useTranslation();
  return (
    <Button type="primary" disabled={!flow.file || !flow.ready} loading={flow.busy} onClick={() => flow.run(false)} data-testid={`${useContext(TestIds)}-dry-run`}>
      {flow.percent !== null ? t('import.checking', { percent: flow.percent }) : t('import.dryRun')}
    </Button>
  );
}

/** A figure of the summary; `rejected` turns red when there is any. */
export interface ImportStat {
  title: ReactNode;
  value: number | string;
  tone?: 'green' | 'blue' | 'rejected';
  suffix?: ReactNode;
  /** This figure's width, where it differs from the row's. */
  col?: ColProps;
}

const TONES = { green: '#3f8600', blue: '#1677ff', rejected: '#cf1322' };

/** The dry run's (or the commit's) counts in a row. */
export function ImportSummary({ stats, col = { xs: 8, md: 4 }, gutter = [16, 16] }: { stats: ImportStat[]; col?: ColProps; gutter?: RowProps['gutter'] }) {
  const testId = `${useContext(TestIds)}-summary`;
  return (
    <Row gutter={gutter} data-testid={testId}>
      {stats.map((s, i) => {
        const color = s.tone === 'rejected' ? (s.value ? TONES.rejected : undefined) : s.tone && TONES[s.tone];
        return (
          <Col key={i} {...(s.col ?? col)}>
            <Statistic title={s.title} value={s.value} suffix={s.suffix} styles={color ? { content: { color } } : undefined} />
          </Col>
        );
      })}
    </Row>
  );
}

/** The warning of an import written whole or not at all, in the page's words. */
export function AllOrNothing({ title }: { title: ReactNode }) {
  return <Alert type="warning" showIcon title={title} />;
}

/** The refused cells as a CSV with a BOM, so Excel opens the Chinese text correctly. */
function downloadErrors(errors: ImportRowError[], fileName: string, t: (k: string) => string) {
  const lines = [[t('import.row'), t('import.column'), t('import.value'), t('import.message')], ...errors.map((e) => [String(e.row), e.column, e.value, e.message])];
  const csv = lines.map((l) => l.map((v) => `"${v.replace(/"/g, '""')}"`).join(',')).join('\r\n');
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob(['\ufeff', csv], { type: 'text/csv;charset=utf-8' }));
  link.download = fileName;
  link.click();
}

/**
 * The refused cells, row by row: row, column, value, reason. In a card titled 被拒绝的行 (with 下载错误清单
 * when `csvName` is given) unless `card` is false; on a phone (`narrow`) a list instead of the table.
 */
export function ImportErrors({
  errors,
  card = true,
  csvName,
  columnWidth = 160,
  valueWidth = 120,
  scrollX,
  columnLabel,
  narrow = false,
  narrowItem,
}: {
  errors: ImportRowError[];
  card?: boolean;
  csvName?: string;
  columnWidth?: number;
  valueWidth?: number;
  scrollX?: number;
  /** The column as the page names it, where the server answers with a code. */
  columnLabel?: (column: string) => string;
  narrow?: boolean;
  /** One cell in the phone's list, where the page says it otherwise. */
  narrowItem?: (e: ImportRowError) => ReactNode;
}) {
  const { t } = useTranslation();
  const testId = `${useContext(TestIds)}-errors`;
  const key = (e: ImportRowError) => `${e.row}-${e.column}-${e.value}`;
  const shown = narrow ? (
    <Flex vertical gap={8} data-testid={testId}>
      {errors.map((e) => (
        <div key={key(e)} style={{ borderBottom: '1px solid #f0f0f0', paddingBottom: 6 }}>
          {narrowItem ? (
            narrowItem(e)
          ) : (
            <>
              {/* The words were the key lists' first; the loan sheet says its cells the same way. */}
              <Typography.Text strong>{t('keyLists.errorAt', { row: e.row, column: columnLabel ? columnLabel(e.column) : e.column })}</Typography.Text>
              {e.value && <div style={{ overflowWrap: 'anywhere' }}>{e.value}</div>}
              <Typography.Text type="danger" style={{ overflowWrap: 'anywhere' }}>{e.message}</Typography.Text>
            </>
          )}
        </div>
      ))}
    </Flex>
  ) : (
    <Table
      size="small"
      rowKey={key}
      pagination={false}
      dataSource={errors}
      scroll={scrollX ? { x: scrollX } : undefined}
      data-testid={testId}
      columns={[
        { title: t('import.row'), dataIndex: 'row', width: 70 },
        { title: t('import.column'), dataIndex: 'column', width: columnWidth, ...(columnLabel && { render: columnLabel }) },
        { title: t('import.value'), dataIndex: 'value', width: valueWidth },
        { title: t('import.message'), dataIndex: 'message' },
      ]}
    />
  );
  if (!card) return shown;
  return (
    <Card size="small" title={t('import.errors')} extra={csvName && <Button size="small" onClick={() => downloadErrors(errors, csvName, t)}>{t('import.downloadErrors')}</Button>}>
      {shown}
    </Card>
  );
}

/** 导入完成: what was written, and the way on (to the list, back to the page). */
export function ImportDone({ title, action, onAction, actionTestId }: { title: ReactNode; action: ReactNode; onAction: () => void; actionTestId?: string }) {
  return (
    <Result
      status="success"
      title={title}
      extra={
        <Button type="primary" onClick={onAction} data-testid={actionTestId}>
          {action}
        </Button>
      }
    />
  );
}

/** Below a dry run's report: 重新选择文件, the page's own buttons (`children`), then the commit. */
export function ImportActions({ flow, label, disabled, children }: { flow: ImportRun; label: ReactNode; disabled: boolean; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Space wrap>
      <Button onClick={flow.restart}>{t('import.again')}</Button>
      {children}
      <Button type="primary" loading={flow.busy} onClick={() => flow.run(true)} disabled={disabled} data-testid={`${useContext(TestIds)}-commit`}>
        {label}
      </Button>
    </Space>
  );
}
