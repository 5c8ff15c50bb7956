import { Card, Col, Descriptions, Row, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useAuth } from '../../app/auth';
import { visibleMenu } from '../../app/menu';

/** The landing page: who I am, what I may do, and a tile for each page open to me. */
export function HomePage() {
  const { t } = useTranslation();
  const { me, can } = useAuth();
  const navigate = useNavigate();
  if (!me) return null;
  const tiles = visibleMenu((p) => can(p)).flatMap((e) => e.children ?? [e]).filter((e) => e.path && e.path !== '/');
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card variant="borderless">
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('home.welcome', { name: me.displayName })}
        </Typography.Title>
        <Descriptions column={{ xs: 1, md: 3 }} size="small">
          <Descriptions.Item label={t('home.unit')}>{me.unitName}</Descriptions.Item>
          <Descriptions.Item label={t('home.roles')}>
            {me.roles.map((r) => (
              <Tag key={r.id} color={r.adminKind ? 'red' : 'blue'}>
                {r.name}
              </Tag>
            ))}
          </Descriptions.Item>
          <Descriptions.Item label={t('home.mfa')}>{me.totpEnabled ? <Tag color="green">{t('common.on')}</Tag> : <Tag>{t('common.off')}</Tag>}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Row gutter={[16, 16]}>
        {tiles.map((tile) => (
          <Col key={tile.key} xs={24} sm={12} lg={6}>
            <Card hoverable onClick={() => navigate(tile.path!)} variant="borderless">
              <Space>
                <span style={{ fontSize: 22, color: '#c0392b' }}>{tile.icon}</span>
                <div>
                  <Typography.Text strong>{t(tile.labelKey)}</Typography.Text>
                  <div>
                    <Typography.Text type="secondary">{t(`home.tile.${tile.key}`)}</Typography.Text>
                  </div>
                </div>
              </Space>
            </Card>
          </Col>
        ))}
      </Row>
    </Space>
  );
}
