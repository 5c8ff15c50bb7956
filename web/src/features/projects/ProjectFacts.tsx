import { Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { KeyFacts } from '../../components/KeyFacts';
import { AmountText } from '../../components/money';
import type { ProjectDetail } from './api';

/**
 * A project on a phone, first: who hosts it, how big, which chain, and what comes next — the next
 * stage and the day it is planned for (red when late). Its people to call are on the lead it came from.
 */
export function ProjectFacts({ p, tags }: { p: ProjectDetail; tags: ReactNode }) {
  const { t } = useTranslation();
  const reached = p.stages.findIndex((s) => s.stage === p.stage);
  const next = p.stages[reached + 1];
  return (
    <KeyFacts
      title={p.name}
      tags={tags}
      testId="project-facts"
      facts={[
        { label: t('projects.field.hostUnit'), value: p.hostUnitName },
        { label: t('projects.field.total'), value: <AmountText wan={p.totalInvestmentWan} />, testId: 'project-amount' },
        ...(p.foreignInvestmentUsdWan !== null ? [{ label: t('projects.field.foreign'), value: <AmountText wan={p.foreignInvestmentUsdWan} usd /> }] : []),
        { label: t('projects.field.investor'), value: p.investorName ?? '—' },
        { label: t('projects.field.chain'), value: p.chainName ? `${p.chainName}${p.chainRole ? ` · ${t(`projects.chainRole.${p.chainRole}`)}` : ''}` : '—' },
        {
          label: t('projects.nextStage'),
          testId: 'project-next-stage',
          value: next ? (
            <span>
              {t(`stage.${next.stage}`)}
              {next.plannedDate && (
                <>
                  {' · '}
                  <Typography.Text type={next.late ? 'danger' : 'secondary'} style={{ whiteSpace: 'nowrap' }}>{`${t('projects.planned')} ${next.plannedDate}`}</Typography.Text>
                </>
              )}
            </span>
          ) : (
            t('projects.lastStage')
          ),
        },
        { label: t('projects.field.progress'), value: p.progressText ?? '—' },
        { label: t('projects.field.leader'), value: p.leaderName ?? '—' },
        ...(p.leadId ? [{ label: t('projects.fromLead'), value: <Link to={`/leads/${p.leadId}`}>{t('projects.openLead')}</Link> }] : []),
      ]}
    />
  );
}
