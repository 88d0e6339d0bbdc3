@{  # expect: Manifest.OtherExports, Manifest.TestModuleManifest
    RootModule           = 'PgBad.psm1'
    ModuleVersion        = '0.1.0'
    GUID                 = '2b8e3f6a-5a0e-4f43-8d5c-6a1f0b9e7c21'
    Author               = 'PgCluster QA fixture'
    Description          = 'A module that breaks the QA rules on purpose.'
    PowerShellVersion    = '5.0'  # expect: Manifest.PowerShellVersion
    CompatiblePSEditions = @('Desktop')  # expect: Manifest.CompatiblePSEditions
    FormatsToProcess     = @('PgBad.Format.ps1xml')
    FunctionsToExport    = @('Get-PgTyped', 'Get-PgGhost', 'Get-PgTyped', 'Get-PgNo*', 'Get-PgBadHelp', 'Set-PgNoShouldProcess', 'Remove-PgNoCall', 'Get-PgWithWhatIf', 'Get-PgSecrets', 'Get-PgAliasUser', 'Grab-PgThing', 'Get-Thing', 'Get-PgTwo', 'Get-PgMismatch')  # expect: Manifest.Wildcard, Manifest.Duplicate, Manifest.NoSuchFunction, Manifest.NotExported, Import.ExportMismatch, Tests.NotInvoked
    CmdletsToExport      = '*'  # expect: Manifest.OtherExports
    AliasesToExport      = @('gpt')  # expect: Manifest.OtherExports
}
