import { Card, Flex, Typography } from 'antd';
import type { ReactNode } from 'react';

export interface Fact {
  label: string;
  value: ReactNode;
  testId?: string;
}

/**
 * What a phone shows first on a record's page: its name and tags in large type, then the few facts
 * one looks it up for, label beside value; the long sections follow, folded.
 */
export function KeyFacts({ title, tags, facts, children, testId }: { title: ReactNode; tags?: ReactNode; facts: Fact[]; children?: ReactNode; testId?: string }) {
  return (
    <Card variant="borderless" styles={{ body: { padding: 16 } }} data-testid={testId}>
      <Typography.Title level={4} style={{ margin: 0, overflowWrap: 'anywhere' }}>
        {title}
      </Typography.Title>
      {tags && (
        <Flex wrap gap={4} style={{ marginTop: 8 }}>
          {tags}
        </Flex>
      )}
      <dl style={{ display: 'grid', gridTemplateColumns: 'minmax(64px, max-content) minmax(0, 1fr)', gap: '10px 12px', margin: '14px 0 0', fontSize: 15 }}>
        {facts.map((f) => (
          <div key={f.label} style={{ display: 'contents' }}>
            <dt style={{ color: 'rgba(0, 0, 0, 0.45)', maxWidth: 120 }}>{f.label}</dt>
            <dd style={{ margin: 0, overflowWrap: 'anywhere' }} data-testid={f.testId}>
              {f.value}
            </dd>
          </div>
        ))}
      </dl>
      {children}
    </Card>
  );
}
