/** The job model and target interfaces the API clients implement; they live in contracts/ so that engine/ and pipeline/ need no api/. */
export type {
  CollectionApi,
  CollectionDescription,
  LoadState,
} from "../contracts/collections";
export type {
  ImportApi,
  ImportApiKind,
  ImportFileDetail,
  ImportJobInfo,
  JobState,
  StartImportRequest,
  StorageCredentials,
} from "../contracts/imports";
