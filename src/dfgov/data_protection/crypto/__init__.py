"""Commercial-cryptography field encryption, keyrings, MACs, self-tests."""
