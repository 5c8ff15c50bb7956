import { MoreOutlined } from '@ant-design/icons';
import { Button, Dropdown, Flex, Space, type DrawerProps } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A phone page's actions, fixed along the bottom edge where a thumb reaches them; the spacer keeps
 * the page's last lines from hiding under it. Buttons share the width.
 */
function PhoneActionBar({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <>
      <div style={{ height: 72 }} aria-hidden />
      <Flex
        gap={8}
        className="phone-action-bar"
        style={{ position: 'fixed', left: 0, right: 0, bottom: 0, zIndex: 100, padding: '10px 12px calc(10px + env(safe-area-inset-bottom))', background: '#fff', boxShadow: '0 -2px 8px rgba(0, 0, 0, 0.08)' }}
        data-testid={testId}
      >
        {children}
      </Flex>
    </>
  );
}

export interface PageAction {
  key: string;
  label: string;
  onClick: () => void;
  primary?: boolean;
  danger?: boolean;
  testId?: string;
}

/** A record's actions: the first two as large buttons within the thumb's reach, the rest under 更多. */
export function PhoneActions({ actions, testId }: { actions: PageAction[]; testId?: string }) {
  const { t } = useTranslation();
  if (!actions.length) return null;
  const shown = actions.length > 3 ? actions.slice(0, 2) : actions;
  const rest = actions.slice(shown.length);
  return (
    <PhoneActionBar testId={testId}>
      {shown.map((a) => (
        <Button key={a.key} size="large" type={a.primary ? 'primary' : 'default'} danger={a.danger} onClick={a.onClick} style={{ flex: 1, minWidth: 0, paddingInline: 8 }} data-testid={a.testId}>
          <span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>{a.label}</span>
        </Button>
      ))}
      {rest.length > 0 && (
        <Dropdown trigger={['click']} placement="topRight" menu={{ items: rest.map((a) => ({ key: a.key, label: <span style={{ display: 'block', padding: '6px 0', fontSize: 15 }} data-testid={a.testId}>{a.label}</span>, danger: a.danger, onClick: a.onClick })) }}>
          <Button size="large" icon={<MoreOutlined />} style={{ flex: 'none', paddingInline: 12 }} data-testid="phone-more">
            {t('common.more')}
          </Button>
        </Dropdown>
      )}
    </PhoneActionBar>
  );
}

/** At a desk a record's actions sit in its title bar, in a row. */
export function DeskActions({ actions }: { actions: PageAction[] }) {
  return (
    <Space wrap>
      {actions.map((a) => (
        <Button key={a.key} type={a.primary ? 'primary' : 'default'} danger={a.danger} onClick={a.onClick} data-testid={a.testId}>
          {a.label}
        </Button>
      ))}
    </Space>
  );
}

/** A phone sheet's own padding: its buttons clear the home indicator. */
export const SHEET_STYLES: DrawerProps['styles'] = { body: { padding: 16 }, footer: { padding: '10px 12px calc(10px + env(safe-area-inset-bottom))' } };

/** A sheet's cancel and confirm along its bottom edge, large, the confirm the wider. */
export function SheetButtons({ onCancel, onOk, saving, okLabel, okTestId }: { onCancel: () => void; onOk: () => void; saving: boolean; okLabel: string; okTestId: string }) {
  const { t } = useTranslation();
  return (
    <Flex gap={8}>
      <Button size="large" onClick={onCancel} style={{ flex: 1 }}>
        {t('common.cancel')}
      </Button>
      <Button size="large" type="primary" loading={saving} onClick={onOk} style={{ flex: 2 }} data-testid={okTestId}>
        {okLabel}
      </Button>
    </Flex>
  );
}
