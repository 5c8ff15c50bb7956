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

/** Only the subtree under `root` (itself included), leaving out units of the kinds named. */
export function unitsWithin(units: Unit[], root?: number, excludeKinds: readonly string[] = []): Unit[] {
  const top = root === undefined ? undefined : units.find((u) => u.id === root);
  if (root !== undefined && !top) return [];
  return units.filter((u) => (!top || u.path.startsWith(top.path)) && !excludeKinds.includes(u.kind));
}

/**
 * The organisation tree as a picker, searchable by name; `root` limits it to a unit and those under
 * it (the API also lists the ancestors of what my scope reaches, which I may not pick).
 */
export function UnitTreeSelect(props: { value?: number; onChange?: (v: number) => void; allowClear?: boolean; placeholder?: string; style?: React.CSSProperties; root?: number; excludeKinds?: readonly string[]; size?: 'large' | 'middle' | 'small'; 'data-testid'?: string }) {
  const { t } = useTranslation();
  const units = useUnits();
  const shown = props.root === undefined && !props.excludeKinds ? (units.data ?? []) : unitsWithin(units.data ?? [], props.root, props.excludeKinds);
  return (
    <TreeSelect
      showSearch
      treeNodeFilterProp="title"
      treeDefaultExpandAll
      allowClear={props.allowClear}
      placeholder={props.placeholder ?? t('common.chooseUnit')}
      value={props.value}
      onChange={props.onChange}
      size={props.size}
      style={{ minWidth: 220, ...props.style }}
      loading={units.isLoading}
      treeData={toSelectData(buildUnitTree(shown))}
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
