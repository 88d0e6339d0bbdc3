@{  # expect: Import.Failed
    RootModule           = 'PgBroken.psm1'
    ModuleVersion        = '1.0.0'
    GUID                 = '0c6f3f59-8e1a-4c57-b0f0-5d3f3f2e9a44'
    Author               = 'PgCluster QA fixture'
    Description          = 'A module whose import fails.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    FormatsToProcess     = @('PgBroken.Format.ps1xml')
    FunctionsToExport    = @('Get-PgGizmo')
    CmdletsToExport      = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
}
