@{  # expect: Manifest.TestModuleManifest, Import.Failed, Manifest.FunctionsToExport
    RootModule           = 'Missing.psm1'  # expect: Manifest.RootModule
    ModuleVersion        = '1.0.0'
    GUID                 = 'a4f1b2c3-d4e5-4f60-8a7b-9c0d1e2f3a4b'
    Author               = 'PgCluster QA fixture'
    Description          = 'A module whose manifest points at files that do not exist.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    FormatsToProcess     = @('Nope.ps1xml')  # expect: Manifest.FormatsToProcess
    CmdletsToExport      = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
}
