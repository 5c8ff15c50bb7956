import { useQuery } from '@tanstack/react-query';
import { TreeSelect } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Unit } from '../api/types';

export function useUnits() {
  return useQuery({ queryKey: ['units'], queryFn: () => api<{ items: Unit[] }>('GET', '/api/units').then((r) => r.items) });
}

export interface UnitNode extends DataNode {
  unit: Unit;
  children: UnitNode[];
}

/** The flat, path-ordered list the API gives, as a tree. */
export function buildUnitTree(units: Unit[], renderTitle: (u: Unit) => React.ReactNode = (u) => u.name): UnitNode[] {
  const nodes = new Map<number, UnitNode>();
  const roots: UnitNode[] = [];
  for (const unit of units) nodes.set(unit.id, { key: unit.id, title: renderTitle(unit), unit, children: [] });
  for (const unit of units) {
    const node = nodes.get(unit.id)!;
    const parent = unit.parentId === null ? undefined : nodes.get(unit.parentId);
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const sort = (list: UnitNode[]) => {
    list.sort((a, b) => a.unit.sortOrder - b.unit.sortOrder || a.unit.id - b.unit.id);
    list.forEach((n) => sort(n.children));
  };
  sort(roots);
  return roots;
}

function toSelectData(nodes: UnitNode[]): { value: number; title: string; children: ReturnType<typeof toSelectData>; disabled?: boolean }[] {
  return nodes.map((n) => ({ value: n.unit.id, title: n.unit.name, disabled: n.unit.disabled, children: toSelectData(n.children) }));
}

/** The organisation tree as a picker, searchable by name. */
export function UnitTreeSelect(props: { value?: number; onChange?: (v: number) => void; allowClear?: boolean; placeholder?: string; style?: React.CSSProperties; 'data-testid'?: string }) {
  const { t } = useTranslation();
  const units = useUnits();
  return (
    <TreeSelect
      showSearch
      treeNodeFilterProp="title"
      treeDefaultExpandAll
      allowClear={props.allowClear}
      placeholder={props.placeholder ?? t('common.chooseUnit')}
      value={props.value}
      onChange={props.onChange}
      style={{ minWidth: 220, ...props.style }}
      loading={units.isLoading}
      treeData={toSelectData(buildUnitTree(units.data ?? []))}
      data-testid={props['data-testid']}
    />
  );
}

export const UNIT_KIND_COLORS: Record<string, string> = {
  city: 'red',
  department: 'blue',
  resident_office: 'geekblue',
  district: 'green',
  zone: 'volcano',
  park: 'lime',
  street: 'cyan',
  bank: 'gold',
  enterprise: 'purple',
};
