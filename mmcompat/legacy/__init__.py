"""Everything MMCV-1.x-shaped: legacy configs translated, legacy code run.

=================  ========================================================
module             what (torch?)
=================  ========================================================
``translate``      ``translate(legacy_cfg) -> (new_cfg, report)``, one rule
                   module per legacy key family (pure: no torch, no runner)
``report``         the findings of a translation (pure)
``emit``           a translated config as readable Python source (pure)
``deviation``      how far a stock approximation is from MMCV (torch, for
                   ``mmcompat convert --target mmengine``)
``runtime``        legacy scripts and configs run unchanged: import
                   aliases, runner facades, hook and model adapters (torch)
=================  ========================================================

The facts these read ("legacy X means new Y": symbol moves, hook points,
policy defaults, registries, legacy config keys) live in the torch-free
:mod:`mmcompat.tables`, which the core may read too.
"""
