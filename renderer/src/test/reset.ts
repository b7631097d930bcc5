import { useEngineStatus } from '../store/engineStatus';
import { useNavigation } from '../store/navigation';

const engineInitial = useEngineStatus.getState();
const navigationInitial = useNavigation.getState();

/** Stores are module singletons: put them back between tests. */
export function resetStores(): void {
  useEngineStatus.setState(engineInitial, true);
  useNavigation.setState(navigationInitial, true);
}
