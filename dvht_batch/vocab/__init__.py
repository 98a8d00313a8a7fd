"""The contract's vocabulary: the member columns, cell values (yes/no, plan status, titles) and status labels."""
