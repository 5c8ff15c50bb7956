import { DeleteOutlined, SaveOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Input, Modal, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';

interface Saved {
  id: number;
  name: string;
  query: string;
}

/** Named filters of the ledger, kept per user on the server (so they follow the user to any browser). */
export function SavedFilters({ current, onApply }: { current: string; onApply: (query: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<number | undefined>();
  const saved = useQuery({ queryKey: ['saved-filters', 'projects'], queryFn: () => api<{ items: Saved[] }>('GET', '/api/saved-filters?page=projects').then((r) => r.items) });

  async function save() {
    try {
      await api('POST', '/api/saved-filters', { page: 'projects', name: name.trim(), query: current });
      message.success(t('common.saved'));
      setNaming(false);
      setName('');
      await saved.refetch();
    } catch (e) {
      if (e instanceof ApiError) message.error(e.message);
    }
  }

  return (
    <Space.Compact>
      <Select
        allowClear
        placeholder={t('savedFilters.placeholder')}
        style={{ width: 180 }}
        value={chosen}
        onChange={(id) => {
          setChosen(id);
          const item = saved.data?.find((s) => s.id === id);
          onApply(item?.query ?? '');
        }}
        options={(saved.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
        data-testid="saved-filters"
      />
      {chosen !== undefined && (
        <Button
          icon={<DeleteOutlined />}
          title={t('common.delete')}
          onClick={async () => {
            await api('DELETE', `/api/saved-filters/${chosen}`);
            setChosen(undefined);
            await saved.refetch();
          }}
        />
      )}
      <Button icon={<SaveOutlined />} onClick={() => setNaming(true)} disabled={!current} data-testid="save-filter">
        {t('savedFilters.save')}
      </Button>
      <Modal open={naming} title={t('savedFilters.save')} onCancel={() => setNaming(false)} onOk={() => void save()} okButtonProps={{ disabled: !name.trim() }}>
        <Input value={name} maxLength={50} placeholder={t('savedFilters.name')} onChange={(e) => setName(e.target.value)} onPressEnter={() => void save()} data-testid="save-filter-name" />
      </Modal>
    </Space.Compact>
  );
}
