namespace Roaming.Ingest;
