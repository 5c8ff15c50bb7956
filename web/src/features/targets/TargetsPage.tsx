import { ImportOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, InputNumber, Select, Space, Switch, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, ApiError } from '../../api/client';
import { useAuth } from '../../app/auth';
import { PageCard } from '../../components/PageCard';
import { formatTarget, indicatorName, TARGET_DECIMALS, TARGET_MAX, TARGET_YEARS, useTargets, useYearParam, type TargetUnit } from './api';

type Edits = Record<string, number | null>;
const RANKED_KINDS = ['district', 'zone'];
const keyOf = (unitId: number, code: string) => `${unitId}:${code}`;

/**
 * 目标任务: the year's targets, one row per unit and one column per indicator. The commerce bureau
 * types or imports them; every unit reads them all (比拼 compares them). A saved change is a new
 * version — the ranking of an earlier month keeps the targets it saw.
 */
export function TargetsPage() {
  const { t, i18n } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [year, setYear] = useYearParam();
  const [edits, setEdits] = useState<Edits>({});
  const [saving, setSaving] = useState(false);
  const [allUnits, setAllUnits] = useState(false);
  const writable = can('target:write');
  const table = useTargets(year);
  const indicators = table.data?.indicators ?? [];
  const dirty = Object.keys(edits).length;

  // The ranked units (districts, county-level cities and zones) always; any other unit once it has a target, or on asking.
  const rows = useMemo(() => (table.data?.units ?? []).filter((u) => allUnits || RANKED_KINDS.includes(u.kind) || Object.keys(u.targets).length > 0), [table.data, allUnits]);
  const anyTarget = (table.data?.units ?? []).some((u) => Object.keys(u.targets).length > 0);

  function changeYear(next: number) {
    setEdits({});
    setYear(next);
  }

  function edit(unit: TargetUnit, code: string, value: number | null) {
    setEdits((prev) => {
      const copy = { ...prev };
      const stored = unit.targets[code] ?? null;
      if (value === stored) delete copy[keyOf(unit.unitId, code)];
      else copy[keyOf(unit.unitId, code)] = value;
      return copy;
    });
  }

  async function save() {
    setSaving(true);
    try {
      const items = Object.entries(edits).map(([key, value]) => {
        const [unitId, indicatorCode] = key.split(':');
        return { unitId: Number(unitId), indicatorCode: indicatorCode!, value };
      });
      const { changed } = await api<{ changed: number }>('PUT', '/api/targets', { year, items });
      message.success(t('targets.saved', { count: changed }));
      setEdits({});
      await client.invalidateQueries({ queryKey: ['targets'] });
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  }

  const columns: ColumnsType<TargetUnit> = [
    { title: t('targets.unit'), dataIndex: 'unitName', fixed: 'left', width: 130, render: (name: string, u) => <span style={{ paddingLeft: (u.depth - 1) * 12 }}>{name}</span> },
    ...indicators.map((ind) => ({
      key: ind.code,
      title: (
        <span>
          {indicatorName(ind, i18n.language)}
          <Typography.Text type="secondary">（{t(`targets.unitOf.${ind.unit}`)}）</Typography.Text>
        </span>
      ),
      width: ind.unit === 'wan' ? 150 : 120,
      align: 'right' as const,
      render: (_: unknown, u: TargetUnit) => {
        const key = keyOf(u.unitId, ind.code);
        const value = key in edits ? edits[key] : u.targets[ind.code];
        if (!writable) return <span data-testid={`target-${u.unitName}-${ind.code}`}>{formatTarget(u.targets[ind.code], ind.unit)}</span>;
        return (
          <InputNumber
            size="small"
            min={0}
            max={TARGET_MAX[ind.unit]}
            step={ind.unit === 'wan' ? 1000 : 1}
            formatter={(v) => (v === undefined || v === null || String(v) === '' ? '' : Number(v).toLocaleString('en-US', { maximumFractionDigits: TARGET_DECIMALS[ind.unit] }))}
            parser={(v) => Number((v ?? '').replace(/,/g, ''))}
            value={value ?? null}
            onChange={(v) => edit(u, ind.code, v === null || v === undefined ? null : Math.round(Number(v) * 10 ** TARGET_DECIMALS[ind.unit]) / 10 ** TARGET_DECIMALS[ind.unit])}
            style={{ width: '100%', background: key in edits ? '#fffbe6' : undefined }}
            aria-label={`${u.unitName} ${indicatorName(ind, i18n.language)}`}
            data-testid={`target-${u.unitName}-${ind.code}`}
          />
        );
      },
    })),
  ];

  return (
    <PageCard
      title={t('targets.title')}
      extra={
        <Space wrap>
          <Select value={year} onChange={changeYear} style={{ width: 110 }} options={TARGET_YEARS.map((y) => ({ value: y, label: t('targets.yearLabel', { year: y }) }))} data-testid="targets-year" />
          {writable && (
            <Button icon={<ImportOutlined />} onClick={() => navigate(`/targets/import?year=${year}`)} data-testid="targets-import">
              {t('targets.import')}
            </Button>
          )}
        </Space>
      }
    >
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
          <Typography.Text type="secondary">{writable ? t('targets.hintWriter') : t('targets.hintReader')}</Typography.Text>
          <Space wrap>
            <Switch size="small" checked={allUnits} onChange={setAllUnits} />
            <Typography.Text>{t('targets.allUnits')}</Typography.Text>
          </Space>
        </Space>
        {table.isSuccess && !anyTarget && <Alert type="info" showIcon title={t('targets.none', { year })} />}
        <Table size="small" rowKey="unitId" loading={table.isLoading} dataSource={rows} columns={columns} pagination={false} scroll={{ x: 130 + indicators.length * 130 }} data-testid="targets-table" />
        {writable && (
          <Space wrap>
            <Button type="primary" icon={<SaveOutlined />} disabled={!dirty} loading={saving} onClick={() => void save()} data-testid="targets-save">
              {t('targets.save', { count: dirty })}
            </Button>
            <Button icon={<UndoOutlined />} disabled={!dirty || saving} onClick={() => setEdits({})}>
              {t('targets.discard')}
            </Button>
          </Space>
        )}
      </Space>
    </PageCard>
  );
}
