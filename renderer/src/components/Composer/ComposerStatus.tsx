import { useTranslation } from 'react-i18next';
import { formatPercent } from '../../lib/format';
import { chatActions, useChats } from '../../store/chats';
import { modelLabel, useModels } from '../../store/models';
import { useNavigation } from '../../store/navigation';
import { FirstRun } from '../FirstRun/FirstRun';
import { Notice } from '../Notice/Notice';
import { ProgressBar } from '../ProgressBar/ProgressBar';

/** What stands between the user and an answer: a model loading, another chat busy, or why a send failed. */
export function ComposerStatus({ threadId }: { threadId: string | null }) {
  const modelState = useModels((s) => s.modelState);
  const models = useModels((s) => s.models);
  const busyElsewhere = useChats((s) => s.streaming !== null && s.streaming.threadId !== threadId);
  const sendError = useChats((s) => (s.sendError && s.sendError.threadId === threadId ? s.sendError.error : null));
  const go = useNavigation((s) => s.go);
  const { t } = useTranslation();
  const loadingName = modelState.state === 'loading' ? modelLabel(models, modelState.modelId) : null;

  return (
    <>
      {modelState.state === 'loading' ? (
        <div className="composer-status" data-testid="model-loading">
          <ProgressBar
            value={modelState.progress}
            label={loadingName ? t('composer.loadingNamed', { model: loadingName }) : t('composer.loadingModel')}
            detail={formatPercent(modelState.progress)}
          />
        </div>
      ) : null}
      {busyElsewhere ? <Notice tone="info">{t('composer.busyElsewhere')}</Notice> : null}
      {sendError?.code === 'MODEL_NOT_LOADED' ? (
        <div className="composer-status composer-status--first-run">
          <FirstRun inline />
        </div>
      ) : sendError ? (
        <Notice
          title={t('composer.notAnswered')}
          error={sendError}
          testId="send-error"
          action={
            <>
              {sendError.code === 'MODEL_LOAD_FAILED' ||
              sendError.code === 'NOT_FOUND' ||
              sendError.code === 'INVALID_MODEL' ? (
                <button type="button" className="button button--small" onClick={() => go('models')}>
                  {t('composer.openModels')}
                </button>
              ) : null}
              <button type="button" className="button button--small" onClick={chatActions.dismissError}>
                {t('common.dismiss')}
              </button>
            </>
          }
        />
      ) : null}
    </>
  );
}
