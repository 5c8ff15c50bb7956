import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Col, Descriptions, Drawer, Empty, Form, Grid, Image, Input, InputNumber, Row, Space, Spin, Table, Tag, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, ApiError, uploadFile } from '../../api/client';
import { useAuth } from '../../app/auth';
import { formatTime } from '../../components/format';
import { formatWan, MoneyCell } from '../../components/money';
import type { ProjectLights, ReportDetail, ReportRow } from './api';
import { LightTag, usePeriodLabel } from './parts';

type Version = ReportDetail['versions'][number];
interface Values {
  monthWan: number;
  cumulativeWan: number;
  progressText?: string;
  nextSteps?: string;
  problems?: string;
  reason?: string;
}

/** 万元 to the yuan: at most four decimals. */
export const FOUR_DECIMALS = (message: string) => ({ validator: (_: unknown, v: number | null | undefined) => (v === null || v === undefined || /^\d+(\.\d{1,4})?$/.test(String(v)) ? Promise.resolve() : Promise.reject(new Error(message))) });

/** One project's report for a period: the form (a correction with its reason once locked), photos, every version. */
export function ReportDrawer({ period, row, onClose }: { period: string; row: ReportRow | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const client = useQueryClient();
  const label = usePeriodLabel();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [raising, setRaising] = useState(false);
  const navigate = useNavigate();
  const projectId = row?.projectId;
  const detail = useQuery({
    queryKey: ['dispatch', 'report', period, projectId],
    queryFn: () => api<ReportDetail>('GET', `/api/dispatch/periods/${period}/projects/${projectId}`),
    enabled: !!projectId,
  });
  // The plan and the light after a save: the row the drawer opened from may have left the filtered list.
  const lights = useQuery({ queryKey: ['project-lights', projectId], queryFn: () => api<ProjectLights>('GET', `/api/projects/${projectId}/lights`), enabled: !!projectId });
  const d = detail.data;
  const current = d?.versions.find((v) => v.current);
  const locked = !!d?.period.locked;
  const writable = can('dispatch:write');
  const correcting = locked && !!current;
  const year = Number(period.slice(0, 4));
  const planWan = lights.data ? (lights.data.lists.find((l) => l.year === year)?.planWan ?? null) : (row?.planWan ?? null);
  const light = lights.data ? lights.data.lights.find((l) => l.period === period && l.kind === 'progress') : undefined;
  const level = lights.data ? (light?.level ?? null) : (row?.progressLevel ?? null);
  const deviation = lights.data ? (light?.deviationPoints ?? null) : (row?.deviationPoints ?? null);
  const share = current && planWan ? Math.round((current.cumulativeWan / planWan) * 1000) / 10 : null;

  async function raiseProblem(projectName: string, text: string) {
    setRaising(true);
    try {
      const created = await api<{ id: number }>('POST', '/api/problems', { title: t('dispatch.raisedProblemTitle', { project: projectName }).slice(0, 200), category: 'other', description: text, projectId });
      message.success(t('dispatch.problemRaised'));
      navigate(`/problems/${created.id}`);
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    } finally {
      setRaising(false);
    }
  }

  useEffect(() => {
    setError(null);
    form.resetFields();
    if (current) form.setFieldsValue({ monthWan: current.monthWan, cumulativeWan: current.cumulativeWan, progressText: current.progressText ?? undefined, nextSteps: current.nextSteps ?? undefined, problems: current.problems ?? undefined });
  }, [current, form, projectId]);

  async function save(values: Values) {
    setSaving(true);
    setError(null);
    try {
      const body = {
        monthWan: values.monthWan,
        cumulativeWan: values.cumulativeWan,
        progressText: values.progressText?.trim() || null,
        nextSteps: values.nextSteps?.trim() || null,
        problems: values.problems?.trim() || null,
        version: current?.version,
        reason: correcting ? values.reason?.trim() : undefined,
      };
      const result = await api<{ outcome: 'created' | 'updated' | 'corrected' | 'unchanged'; version: number }>('PUT', `/api/dispatch/periods/${period}/projects/${projectId}`, body);
      message.success(t(`dispatch.outcome.${result.outcome}`, { version: result.version }));
      await client.invalidateQueries({ queryKey: ['dispatch'] });
      await client.invalidateQueries({ queryKey: ['project-lights', projectId] });
      void client.invalidateQueries({ queryKey: ['workbench'] });
      form.setFieldValue('reason', undefined);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.code === 'DISPATCH_REASON_REQUIRED') form.setFields([{ name: 'reason', errors: [e.message] }]);
      else if (e.details?.length) form.setFields(e.details.map((x) => ({ name: x.field as keyof Values, errors: [x.message] })));
      else setError(e.message);
      if (e.code === 'DISPATCH_VERSION_CONFLICT') void detail.refetch();
    } finally {
      setSaving(false);
    }
  }

  async function upload(file: File) {
    setUploading(true);
    try {
      await uploadFile(`/api/dispatch/periods/${period}/projects/${projectId}/photos?name=${encodeURIComponent(file.name)}`, file);
      message.success(t('dispatch.photoAdded'));
      await detail.refetch();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setUploading(false);
    }
  }

  const photoUrl = (id: number) => `/api/dispatch/periods/${period}/projects/${projectId}/photos/${id}`;
  return (
    <Drawer
      open={!!row}
      onClose={onClose}
      width={screens.md ? 720 : '100%'}
      destroyOnHidden
      title={
        <Space wrap size={4}>
          {row?.projectName}
          <Typography.Text type="secondary">{label(period)}</Typography.Text>
        </Space>
      }
      extra={row && <Link to={`/projects/${row.projectId}`}>{t('dispatch.openProject')}</Link>}
    >
      {detail.isLoading || !row ? (
        <Spin />
      ) : (
        <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="report-drawer">
          <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered>
            <Descriptions.Item label={t('dispatch.unit')}>{row.unitName}</Descriptions.Item>
            <Descriptions.Item label={`${t('dispatch.plan')}（${t('money.wan')}）`}><MoneyCell wan={planWan} /></Descriptions.Item>
            <Descriptions.Item label={t('dispatch.planShare')}>{share === null ? '—' : `${share}%`}</Descriptions.Item>
            <Descriptions.Item label={t('dispatch.progressLight')}><LightTag level={level} deviation={deviation} /></Descriptions.Item>
          </Descriptions>
          {row.consistency && (
            <Alert type="warning" showIcon title={t('dispatch.consistency', { expected: formatWan(row.consistency.expectedCumulativeWan), reported: formatWan(row.cumulativeWan) })} data-testid="report-consistency" />
          )}
          {locked && <Alert type="info" showIcon title={current ? t('dispatch.lockedCorrection') : t('dispatch.lockedFirst')} />}
          {error && <Alert type="error" showIcon title={error} data-testid="report-error" />}
          <Form form={form} layout="vertical" onFinish={save} disabled={!writable}>
            <Row gutter={16}>
              <Col xs={24} sm={12}>
                <Form.Item name="monthWan" label={t('dispatch.monthWan')} rules={[{ required: true, message: t('dispatch.required') }, FOUR_DECIMALS(t('dispatch.fourDecimals'))]}>
                  <InputNumber min={0} max={100_000_000} style={{ width: '100%' }} suffix={t('money.wan')} data-testid="report-month" />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12}>
                <Form.Item
                  name="cumulativeWan"
                  label={t('dispatch.cumulativeWan')}
                  dependencies={['monthWan']}
                  rules={[
                    { required: true, message: t('dispatch.required') },
                    FOUR_DECIMALS(t('dispatch.fourDecimals')),
                    ({ getFieldValue }) => ({
                      validator: (_, v: number | null) => (v === null || v === undefined || v >= (getFieldValue('monthWan') ?? 0) ? Promise.resolve() : Promise.reject(new Error(t('dispatch.cumulativeLess')))),
                    }),
                  ]}
                >
                  <InputNumber min={0} max={100_000_000} style={{ width: '100%' }} suffix={t('money.wan')} data-testid="report-cumulative" />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="progressText" label={t('dispatch.progressText')}>
              <Input.TextArea rows={3} maxLength={2000} showCount data-testid="report-progress" />
            </Form.Item>
            <Form.Item name="nextSteps" label={t('dispatch.nextSteps')}>
              <Input.TextArea rows={2} maxLength={2000} data-testid="report-next" />
            </Form.Item>
            <Form.Item name="problems" label={t('dispatch.problems')}>
              <Input.TextArea rows={2} maxLength={2000} data-testid="report-problems" />
            </Form.Item>
            {current?.problems && can('problem:write') && row && (
              // The filed 需协调解决问题 goes to the coordinating office as a problem about this project.
              <Button size="small" style={{ marginTop: -12, marginBottom: 16 }} loading={raising} onClick={() => void raiseProblem(row.projectName, current.problems!)} data-testid="report-raise-problem">
                {t('dispatch.raiseProblem')}
              </Button>
            )}
            {correcting && (
              <Form.Item name="reason" label={t('dispatch.correctionReason')} rules={[{ required: true, whitespace: true, message: t('dispatch.reasonRequired') }]}>
                <Input.TextArea rows={2} maxLength={500} data-testid="report-reason" />
              </Form.Item>
            )}
            {writable && (
              <Button type="primary" htmlType="submit" loading={saving} data-testid="report-save">
                {correcting ? t('dispatch.saveCorrection') : current ? t('dispatch.saveEdit') : t('dispatch.file')}
              </Button>
            )}
          </Form>
          <div>
            <Typography.Title level={5}>{t('dispatch.photos')}</Typography.Title>
            <Space wrap size={8} data-testid="report-photos">
              <Image.PreviewGroup>
                {d?.photos.map((p) => (
                  <Image key={p.id} width={104} height={104} style={{ objectFit: 'cover', borderRadius: 6 }} src={photoUrl(p.id)} alt={p.fileName} title={p.fileName} />
                ))}
              </Image.PreviewGroup>
              {writable && (
                <Upload showUploadList={false} accept=".jpg,.jpeg,.png" beforeUpload={(f) => { void upload(f); return false; }}>
                  <button type="button" style={{ width: 104, height: 104, border: '1px dashed #d9d9d9', borderRadius: 6, background: '#fafafa', cursor: 'pointer' }} data-testid="report-photo-add">
                    {uploading ? <Spin size="small" /> : <PlusOutlined />}
                    <div style={{ marginTop: 4 }}>{t('dispatch.addPhoto')}</div>
                  </button>
                </Upload>
              )}
              {!writable && !d?.photos.length && <Typography.Text type="secondary">{t('dispatch.noPhotos')}</Typography.Text>}
            </Space>
          </div>
          <div>
            <Typography.Title level={5}>{t('dispatch.versions')}</Typography.Title>
            <Table<Version>
              rowKey="version"
              size="small"
              pagination={false}
              dataSource={d?.versions}
              scroll={{ x: 640 }}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dispatch.notFiled')} /> }}
              data-testid="report-versions"
              columns={[
                { title: t('dispatch.version'), dataIndex: 'version', width: 80, fixed: 'left', render: (v: number, x) => <Space size={4}>{`v${v}`}{x.current && <Tag color="blue">{t('dispatch.current')}</Tag>}</Space> },
                { title: t('dispatch.monthShort'), dataIndex: 'monthWan', width: 100, align: 'right', render: (v: number) => <MoneyCell wan={v} /> },
                { title: t('dispatch.cumulativeShort'), dataIndex: 'cumulativeWan', width: 110, align: 'right', render: (v: number) => <MoneyCell wan={v} /> },
                { title: t('dispatch.filedAt'), dataIndex: 'filedAt', width: 160, render: formatTime },
                { title: t('dispatch.filedBy'), dataIndex: 'filedBy', width: 90, render: (v: string | null) => v ?? '—' },
                {
                  title: t('dispatch.note'),
                  render: (_, x) => (
                    <Space size={4} wrap>
                      {x.late && <Tag color="orange">{t('dispatch.lateTag')}</Tag>}
                      {x.source !== 'form' && <Tag>{t(`dispatch.source.${x.source === 'import' ? 'import' : 'other'}`)}</Tag>}
                      {x.correctionReason && <Typography.Text type="secondary">{t('dispatch.correctedBecause', { reason: x.correctionReason })}</Typography.Text>}
                    </Space>
                  ),
                },
              ]}
            />
          </div>
        </Space>
      )}
    </Drawer>
  );
}
