@{
    RootModule           = 'PgGood.psm1'
    ModuleVersion        = '1.0.0'
    GUID                 = '6d1f8d0c-0c43-4c4e-9a51-3f4a3c1d2b10'
    Author               = 'PgCluster QA fixture'
    Description          = 'A module that follows every QA rule.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    FormatsToProcess     = @('PgGood.Format.ps1xml')
    FunctionsToExport    = @('Get-PgWidget', 'Set-PgWidget')
    CmdletsToExport      = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
}
