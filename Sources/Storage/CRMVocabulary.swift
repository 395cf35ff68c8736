// The CRM's value types (`Contact`, `TaskFields`, `TaskType`, `TaskStatus`, `CRMIdentifier`) are
// the vocabulary of the store protocols (`CRMStore`, `TaskRecord`, `CollectionRecord`), so
// Storage re-exports them: the engines and the contract suite implement and test those
// protocols while importing only `Storage` (ARCHITECTURE.md's table), and none of them reaches
// for the CRM mapping itself.
@_exported import CRM
