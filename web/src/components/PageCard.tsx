import { Card } from 'antd';
import type { ReactNode } from 'react';

/** Every page sits in one card with its title and actions: one look across the app. */
export function PageCard({ title, extra, children }: { title: ReactNode; extra?: ReactNode; children: ReactNode }) {
  return (
    <Card title={title} extra={extra} variant="borderless" styles={{ body: { paddingTop: 12 } }}>
      {children}
    </Card>
  );
}
