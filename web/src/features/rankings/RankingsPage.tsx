import { CheckCircleOutlined, CloudUploadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Empty, Grid, List, Popconfirm, Segmented, Select, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, ApiError } from '../../api/client';
import { useAuth } from '../../app/auth';
import { DateField } from '../../components/DateField';
import { PageCard } from '../../components/PageCard';
import { formatTime } from '../../components/format';
import { endedMonths, useLiveRanking, usePublished, usePublishedList, type RankingResponse, type VerifyResult } from './api';
import { BriefingBar } from './Briefings';
import { RankingBoard } from './RankingBoard';

const THIS_YEAR = new Date().getFullYear();
const YEARS = [THIS_YEAR, THIS_YEAR - 1, THIS_YEAR - 2, THIS_YEAR - 3];

/**
 * 赛马榜: the board as the data stands on a date (today by default), or a published month frozen
 * as it was published, with its version, a check that recomputation still equals it, and
 * publishing for whoever may set targets. The view lives in the address, so a notice's link
 * (/rankings?period=2026-10) opens that month.
 */
export function RankingsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const period = params.get('period') ?? undefined;
  const view = params.get('view') === 'published' || period ? 'published' : 'live';
  const askedYear = Number(params.get('year') ?? period?.slice(0, 4));
  const year = Number.isInteger(askedYear) && askedYear >= 2000 && askedYear <= 2100 ? askedYear : THIS_YEAR;
  const asOf = params.get('asOf') ?? undefined;
  const set = (changes: Record<string, string | undefined>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) {
          if (v === undefined) next.delete(k);
          else next.set(k, v);
        }
        return next;
      },
      { replace: true },
    );

  return (
    <PageCard
      title={t('rankings.title')}
      extra={
        <Space wrap>
          <Select value={year} onChange={(y) => set({ year: String(y), asOf: undefined, period: undefined })} style={{ width: 110 }} options={YEARS.map((y) => ({ value: y, label: t('targets.yearLabel', { year: y }) }))} data-testid="rankings-year" />
        </Space>
      }
    >
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Segmented
          value={view}
          onChange={(v) => set({ view: v === 'published' ? 'published' : undefined, period: undefined })}
          options={[
            { value: 'live', label: t('rankings.viewLive') },
            { value: 'published', label: t('rankings.viewPublished') },
          ]}
          data-testid="rankings-view"
        />
        {view === 'live' ? <LiveView year={year} asOf={asOf} setAsOf={(d) => set({ asOf: d })} /> : <PublishedView year={year} period={period} setPeriod={(p) => set({ period: p, view: 'published' })} />}
      </Space>
    </PageCard>
  );
}

function LiveView({ year, asOf, setAsOf }: { year: number; asOf: string | undefined; setAsOf: (d: string | undefined) => void }) {
  const { t } = useTranslation();
  const today = dayjs().format('YYYY-MM-DD');
  const ranking = useLiveRanking(year, asOf, true);
  const noTargets = ranking.error instanceof ApiError && ranking.error.code === 'RANKING_NO_TARGETS';
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Text>{t('rankings.asOf')}</Typography.Text>
        <DateField
          allowClear
          value={asOf}
          placeholder={ranking.data?.asOf ?? t('rankings.today')}
          disabledDate={(d) => d.year() !== year || d.format('YYYY-MM-DD') > today}
          onChange={setAsOf}
          style={{ width: 140 }}
          data-testid="rankings-as-of"
        />
      </Space>
      {noTargets ? <Empty description={t('rankings.noTargets', { year })} /> : ranking.error ? <Alert type="error" showIcon title={ranking.error.message} /> : <><Summary ranking={ranking.data} /><RankingBoard ranking={ranking.data} loading={ranking.isFetching} /></>}
    </Space>
  );
}

function Summary({ ranking }: { ranking: RankingResponse | undefined }) {
  const { t } = useTranslation();
  if (!ranking) return null;
  return (
    <Typography.Text type="secondary" data-testid="ranking-summary">
      {t('rankings.summary', { asOf: ranking.asOf, progress: ranking.timeProgress, scheme: ranking.scheme.name, version: ranking.scheme.version })}
      {ranking.items.some((i) => i.previousRank !== null) ? ` ${t('rankings.movementNote')}` : ''}
    </Typography.Text>
  );
}

function PublishedView({ year, period, setPeriod }: { year: number; period: string | undefined; setPeriod: (p: string | undefined) => void }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const client = useQueryClient();
  const list = usePublishedList(year);
  const items = list.data?.items ?? [];
  // The newest version of each month, newest month first.
  const months = items.filter((e, i) => items.findIndex((o) => o.period === e.period) === i);
  const chosen = period ?? months[0]?.period;
  const published = usePublished(chosen);
  const [verify, setVerify] = useState<VerifyResult | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [publishPeriod, setPublishPeriod] = useState<string | undefined>();
  const [publishing, setPublishing] = useState(false);
  const candidates = endedMonths(year, dayjs().format('YYYY-MM-DD'));
  const wide = !!Grid.useBreakpoint().md;
  const monthLabel = (p: string) => t('rankings.periodLabel', { year: p.slice(0, 4), month: Number(p.slice(5, 7)) });
  const choose = (p: string) => {
    setVerify(null);
    setPeriod(p);
  };

  async function runVerify() {
    if (!chosen) return;
    setVerifying(true);
    try {
      setVerify(await api<VerifyResult>('GET', `/api/rankings/published/${chosen}/verify`));
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setVerifying(false);
    }
  }

  async function publish() {
    if (!publishPeriod) return;
    setPublishing(true);
    try {
      const done = await api<{ period: string; version: number }>('POST', '/api/rankings/publish', { period: publishPeriod });
      message.success(t('rankings.publishedOk', { period: done.period, version: done.version }));
      await client.invalidateQueries({ queryKey: ['rankings'] });
      await client.invalidateQueries({ queryKey: ['briefings'] });
      setVerify(null);
      setPeriod(done.period);
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setPublishing(false);
    }
  }

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {can('target:write') && (
        <Space wrap data-testid="publish-bar">
          <Select value={publishPeriod} onChange={setPublishPeriod} placeholder={t('rankings.publishPick')} style={{ width: 150 }} options={candidates.map((p) => ({ value: p, label: monthLabel(p) }))} data-testid="publish-period" />
          <Popconfirm title={t('rankings.publishConfirm', { period: publishPeriod ?? '' })} description={months.some((m) => m.period === publishPeriod) ? t('rankings.publishAgain') : undefined} onConfirm={() => void publish()} okText={t('rankings.publish')} disabled={!publishPeriod}>
            <Button type="primary" icon={<CloudUploadOutlined />} disabled={!publishPeriod} loading={publishing} data-testid="publish-button">
              {t('rankings.publish')}
            </Button>
          </Popconfirm>
        </Space>
      )}
      {list.isSuccess && !months.length ? (
        <Empty description={t('rankings.nonePublished', { year })} />
      ) : (
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 16, alignItems: 'flex-start' }}>
          {wide ? (
            <List
              style={{ flex: '0 0 240px', maxHeight: 620, overflow: 'auto' }}
              size="small"
              bordered
              loading={list.isLoading}
              dataSource={months}
              data-testid="published-list"
              renderItem={(m) => (
                <List.Item onClick={() => choose(m.period)} style={{ cursor: 'pointer', background: m.period === chosen ? '#fff1f0' : undefined }} data-testid={`published-${m.period}`}>
                  <Space direction="vertical" size={0}>
                    <strong>{monthLabel(m.period)}</strong>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {m.leader ? t('rankings.leader', { unit: m.leader }) : ''}
                    </Typography.Text>
                  </Space>
                  <Tag>v{m.version}</Tag>
                </List.Item>
              )}
            />
          ) : (
            <Select value={chosen} onChange={choose} style={{ width: '100%' }} loading={list.isLoading} options={months.map((m) => ({ value: m.period, label: `${monthLabel(m.period)} · v${m.version}${m.leader ? ` · ${t('rankings.leader', { unit: m.leader })}` : ''}` }))} data-testid="published-list" />
          )}
          <div style={{ flex: '1 1 320px', minWidth: 0 }}>
            {published.data?.published && (
              <Space direction="vertical" size="middle" style={{ width: '100%' }}>
                <Space wrap>
                  <Tag color="red" data-testid="published-version">
                    {t('rankings.frozen', { period: published.data.published.period, version: published.data.published.version })}
                  </Tag>
                  <Typography.Text type="secondary">{t('rankings.publishedAt', { at: formatTime(published.data.published.publishedAt) })}</Typography.Text>
                  <Button icon={<SafetyCertificateOutlined />} loading={verifying} onClick={() => void runVerify()} data-testid="verify-button">
                    {t('rankings.verify')}
                  </Button>
                </Space>
                <BriefingBar year={year} period={published.data.published.period} />
                {verify && verify.period === chosen && (
                  <Alert
                    type={verify.equal ? 'success' : 'warning'}
                    icon={verify.equal ? <CheckCircleOutlined /> : undefined}
                    showIcon
                    title={verify.equal ? t('rankings.verifyEqual', { period: verify.period, version: verify.version }) : t('rankings.verifyDiffers', { period: verify.period, version: verify.version })}
                    data-testid="verify-result"
                  />
                )}
                <Summary ranking={published.data} />
                <RankingBoard ranking={published.data} loading={published.isFetching} />
              </Space>
            )}
            {published.error && <Alert type="error" showIcon title={published.error.message} />}
          </div>
        </div>
      )}
    </Space>
  );
}
