from .manager import ManagerMeta, ManagerMixin

__all__ = ["ManagerMeta", "ManagerMixin"]
