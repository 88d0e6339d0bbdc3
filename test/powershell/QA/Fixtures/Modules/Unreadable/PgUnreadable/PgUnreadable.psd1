@{  # expect: Manifest.Unreadable
    RootModule        = 'PgUnreadable.psm1'
    ModuleVersion     = $env:PGUNREADABLE_VERSION
    FunctionsToExport = @('Get-PgLost')
}
