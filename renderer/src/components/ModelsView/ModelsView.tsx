import { useNavigation } from '../../store/navigation';
import { EmptyState } from '../EmptyState/EmptyState';
import { ArrowRightIcon, ModelIcon } from '../Icons/Icons';
import { ViewHeader } from '../ViewHeader/ViewHeader';

export function ModelsView() {
  const go = useNavigation((s) => s.go);
  return (
    <>
      <ViewHeader title="Models" />
      <EmptyState
        icon={<ModelIcon size={24} />}
        title="No models yet"
        action={
          <button type="button" className="button" onClick={() => go('system')}>
            See this computer’s memory
            <ArrowRightIcon size={14} />
          </button>
        }
      >
        <p>
          A model is a GGUF file that runs entirely on this computer: one for chat, and a small one for searching your
          documents. Models you import or download will be listed here.
        </p>
        <p>Before loading a model, Cellar checks that it fits in this computer’s memory.</p>
      </EmptyState>
    </>
  );
}
