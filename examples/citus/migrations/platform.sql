-- The Citus coordinator's extension, installed by the cluster's administrator.
CREATE EXTENSION IF NOT EXISTS citus;
