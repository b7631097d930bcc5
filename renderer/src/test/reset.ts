import { useCatalog } from '../store/catalog';
import { useChats } from '../store/chats';
import { useDocuments } from '../store/documents';
import { useEngineStatus } from '../store/engineStatus';
import { useModels } from '../store/models';
import { useNavigation } from '../store/navigation';
import { useSource } from '../store/source';

const stores = [useEngineStatus, useNavigation, useModels, useChats, useCatalog, useDocuments, useSource] as const;
const initials = stores.map((store) => store.getState());

/** Stores are module singletons: put them back between tests. */
export function resetStores(): void {
  stores.forEach((store, i) => (store.setState as (state: unknown, replace: true) => void)(initials[i], true));
}
