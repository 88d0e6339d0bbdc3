function Register-PgMirroringService {
    <#
    .SYNOPSIS
        Registers the Mirroring Controller of this server as a Windows service (what mc_ctl register does).

    .DESCRIPTION
        Creates the service named mc_service_name in <serverIdentifier>.conf, running the controller
        through the PgCluster service host as the instance administrator, with the start type and
        failover option given. An existing service with the same settings is left alone; one that
        differs is corrected through the SCM's API. Read it back with Get-PgService.

    .PARAMETER ConfigPath
        The Mirroring Controller management directory (the -M folder of mc_ctl) holding network.conf
        and <serverIdentifier>.conf.

    .PARAMETER LocalServer
        Which server of network.conf this is; needed when both servers are on one host.

    .PARAMETER Credential
        The instance administrator's account and password; the service runs as this account.

    .PARAMETER Account
        Instead of -Credential, an account that has no password to give: a group Managed Service
        Account (CONTOSO\pgsvc$, whose password Windows manages), NT AUTHORITY\NetworkService or an
        NT SERVICE\ virtual account. The account must be the instance administrator that owns the
        Mirroring Controller files.

    .PARAMETER StartMode
        Demand (default) or Auto (start with Windows; see manual section 8.10).

    .PARAMETER Failover
        The controller starts with automatic failover (mc_ctl start -f).

    .PARAMETER Force
        Creates or corrects the service without asking for confirmation.

    .EXAMPLE
        Register-PgMirroringService -ConfigPath D:\mcdir\inst1 -Credential (Get-Credential CONTOSO\symfo) -Failover -StartMode Auto

        The equivalent of mc_ctl register -M D:\mcdir\inst1 -f -S auto.

    .EXAMPLE
        Register-PgMirroringService -ConfigPath D:\mcdir\inst1 -Account 'CONTOSO\pgsvc$' -StartMode Auto -Force

        Runs the controller as a group Managed Service Account: no password is asked for or stored.

    .OUTPUTS
        PgCluster.PlanStep

    .LINK
        Unregister-PgMirroringService
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium', DefaultParameterSetName = 'Credential')]
    [OutputType('PgCluster.PlanStep')]
    param (
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)]
        [Alias('McDirectory')]
        [ValidateNotNullOrEmpty()]
        [string]
        $ConfigPath,

        [Parameter()]
        [string]
        $LocalServer,

        [Parameter(Mandatory = $true, ParameterSetName = 'Credential')]
        [System.Management.Automation.PSCredential]
        [System.Management.Automation.Credential()]
        $Credential,

        [Parameter(Mandatory = $true, ParameterSetName = 'PasswordlessAccount')]
        [ValidateNotNullOrEmpty()]
        [string]
        $Account,

        [Parameter()]
        [ValidateSet('Auto', 'Demand')]
        [string]
        $StartMode = 'Demand',

        [Parameter()]
        [switch]
        $Failover,

        [Parameter()]
        [switch]
        $Force
    )

    process {
        if ($Force -and -not $PSBoundParameters.ContainsKey('Confirm')) {
            $ConfirmPreference = 'None'
        }
        if ($PSCmdlet.ParameterSetName -eq 'PasswordlessAccount') {
            if (-not (Test-PgPasswordlessAccount -Account $Account)) {
                $PSCmdlet.ThrowTerminatingError((New-PgErrorRecord -ErrorId 'CredentialRequired' -Category InvalidArgument -TargetObject $Account `
                            -Message "The account '$Account' has a password, which the service needs: -Account is for accounts without one (a gMSA such as CONTOSO\pgsvc`$, NT AUTHORITY\NetworkService, NT SERVICE\...)." `
                            -Hint "Use -Credential (Get-Credential '$Account') instead."))
            }
            # Windows holds the password of these accounts; the service is set without one.
            $Credential = [System.Management.Automation.PSCredential]::new($Account.Trim(), [System.Security.SecureString]::new())
        }
        try {
            $plan = Get-PgMirroringPlanData -ConfigPath $ConfigPath -LocalServer $LocalServer -Account $Credential.UserName -StartMode $StartMode -Failover:$Failover
            Invoke-PgPlan -Plan (Select-PgPlanOperation -Plan $plan -Kind 'service.mirroring') -Mode Apply -Credential $Credential
        }
        catch {
            $PSCmdlet.ThrowTerminatingError($_)
        }
    }
}
