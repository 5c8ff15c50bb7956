import { DownOutlined, SettingOutlined } from '@ant-design/icons';
import { Button, Checkbox, Popover, Space, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isLocalDesk } from '../../../common/ledger-columns';
import type { Me } from '../api/types';
import { useAuth } from '../app/auth';

/** Whether the signed-in person works for a district, zone, park or street (their own projects, not the city's). */
export function isLocalOfficer(me: Me | null | undefined): boolean {
  return !!me && isLocalDesk(me.unitKind, me.roles.map((r) => r.code));
}

function read(key: string, known: readonly string[]): string[] | null {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(key) ?? 'null');
    if (!Array.isArray(stored)) return null;
    const keys = stored.filter((k): k is string => typeof k === 'string' && known.includes(k));
    return keys.length ? keys : null;
  } catch {
    return null;
  }
}

/**
 * The columns a person chose for a table, remembered in this browser for that table and that
 * person (two colleagues sharing a desk keep their own), starting from the set their role needs.
 * Columns in `locked` (the one that opens a row) are always shown.
 */
export function useColumnChoice(table: string, known: readonly string[], defaults: (me: Me | null) => readonly string[], locked: readonly string[] = []) {
  const { me } = useAuth();
  const key = `gj_columns:${table}:${me?.id ?? 0}`;
  const initial = () => read(key, known) ?? [...defaults(me ?? null)];
  const [state, setState] = useState<{ key: string; visible: string[] }>(() => ({ key, visible: initial() }));
  // Another person signing in on the same page gets their own choice.
  const visible = state.key === key ? state.visible : initial();
  const withLocked = (keys: string[]) => [...new Set([...locked, ...keys])];
  return {
    visible: withLocked(visible),
    choose(next: string[]) {
      const keys = withLocked(next);
      localStorage.setItem(key, JSON.stringify(keys));
      setState({ key, visible: keys });
    },
    reset() {
      localStorage.removeItem(key);
      setState({ key, visible: [...defaults(me ?? null)] });
    },
  };
}

/**
 * The 列设置 button: a checkbox per column, and the role's own set back with one click. With a
 * `title`, the same choice for another set (the columns an export adds), as an icon beside it.
 */
export function ColumnChooser<T>({ columns, choice, locked = [], testId, title, hint }: { columns: ColumnsType<T>; choice: ReturnType<typeof useColumnChoice>; locked?: readonly string[]; testId?: string; title?: string; hint?: string }) {
  const { t } = useTranslation();
  const content = (
    <Space direction="vertical" style={{ maxWidth: 260 }}>
      {hint && <Typography.Text type="secondary">{hint}</Typography.Text>}
      <Checkbox.Group value={choice.visible} onChange={(v) => choice.choose(v as string[])}>
        <Space direction="vertical">
          {columns.map((c) => (
            <Checkbox key={String(c.key)} value={String(c.key)} disabled={locked.includes(String(c.key))}>
              {c.title as string}
            </Checkbox>
          ))}
        </Space>
      </Checkbox.Group>
      <Button size="small" type="link" style={{ padding: 0 }} onClick={choice.reset}>
        {t('common.columnsDefault')}
      </Button>
    </Space>
  );
  return (
    <Popover content={content} title={title ?? t('common.columns')} trigger="click" placement="bottomRight">
      {title ? (
        <Button icon={<DownOutlined />} aria-label={title} title={title} data-testid={testId} />
      ) : (
        <Button icon={<SettingOutlined />} data-testid={testId}>
          {t('common.columns')}
        </Button>
      )}
    </Popover>
  );
}

/** The width a table scrolls to: the columns' own widths, so none slides under a fixed one. */
export function scrollWidth<T>(columns: ColumnsType<T>): number {
  return columns.reduce((sum, c) => sum + (typeof c.width === 'number' ? c.width : 120), 0);
}
