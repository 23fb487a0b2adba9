/// Placeholder replaced on the upstream-client branch by the controller of scripts/upstream_stub.py.
public enum UpstreamStubPlaceholder {}
