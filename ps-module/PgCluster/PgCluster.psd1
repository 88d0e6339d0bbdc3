@{
    RootModule           = 'PgCluster.psm1'
    ModuleVersion        = '0.1.0'
    GUID                 = '6f0d3f5e-2b8c-4c53-9d5e-0c7a1f3e9b21'
    Author               = 'PgCluster developers'
    CompanyName          = 'PgCluster'
    Copyright            = '(c) PgCluster developers. MIT License.'
    Description          = 'High availability for PostgreSQL on Windows: Mirroring Controller set-up and control, event sources, file permissions, firewall rules and services.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    FormatsToProcess     = @('PgCluster.Format.ps1xml')
    # Listed explicitly (never '*') so that command discovery can auto-load the module.
    # Regenerate with: node scripts/update-manifest.mjs
    FunctionsToExport    = @(
        'Add-PgFirewallRule',
        'Add-PgServicesFileEntry',
        'Disable-PgMirroringFailover',
        'Enable-PgMirroringFailover',
        'Export-PgMscsScript',
        'Get-PgClusterRole',
        'Get-PgEventSource',
        'Get-PgFirewallRule',
        'Get-PgMirroringPlan',
        'Get-PgMirroringStatus',
        'Get-PgService',
        'Get-PgServicesFileEntry',
        'Grant-PgServiceLogonRight',
        'Initialize-PgMirroringStandby',
        'Install-PgMirroring',
        'Move-PgClusterRole',
        'New-PgClusterRole',
        'Protect-PgConfigFile',
        'Register-PgArbiterService',
        'Register-PgEventSource',
        'Register-PgInstanceService',
        'Register-PgMirroringService',
        'Remove-PgClusterRole',
        'Remove-PgFirewallRule',
        'Remove-PgServicesFileEntry',
        'Set-PgServiceStartMode',
        'Start-PgClusterMaintenance',
        'Start-PgMirroring',
        'Stop-PgClusterMaintenance',
        'Stop-PgMirroring',
        'Switch-PgMirroringPrimary',
        'Test-PgClusterFailover',
        'Test-PgClusterPreflight',
        'Test-PgClusterRole',
        'Test-PgConfigFile',
        'Test-PgMirroring',
        'Test-PgServiceLogonRight',
        'Uninstall-PgMirroring',
        'Unregister-PgArbiterService',
        'Unregister-PgEventSource',
        'Unregister-PgInstanceService',
        'Unregister-PgMirroringService'
    )
    CmdletsToExport      = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('PostgreSQL', 'HighAvailability', 'Failover', 'Windows')
        }
    }
}
