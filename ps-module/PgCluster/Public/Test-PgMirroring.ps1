function Test-PgMirroring {
    <#
    .SYNOPSIS
        Checks that this server's multiplexing set-up is complete and unchanged.

    .DESCRIPTION
        Validates the configuration files through the Node helper (every error says the file, the
        line and what to change), then tests each operation of the installation plan without
        changing anything and returns one PgCluster.PlanStep per operation, with Before = present,
        different or absent. With -Quiet it returns only True (all present) or False, for scripts
        and Group Policy checks.

    .PARAMETER ConfigPath
        The Mirroring Controller management directory (the -M folder of mc_ctl) holding network.conf
        and <serverIdentifier>.conf.

    .PARAMETER LocalServer
        Which server of network.conf this is; needed when both servers are on one host.

    .PARAMETER Account
        The instance administrator the installation was planned for; defaults to the current user.

    .PARAMETER PgBinPath
        PostgreSQL's bin folder, when it cannot be found from PG_BIN or the registry.

    .PARAMETER Quiet
        Returns a single Boolean instead of the steps.

    .EXAMPLE
        Test-PgMirroring -ConfigPath D:\mcdir\inst1 | Where-Object -Property Before -NE 'present'

        Lists what is missing or has drifted.

    .EXAMPLE
        if (-not (Test-PgMirroring -ConfigPath D:\mcdir\inst1 -Quiet)) { Install-PgMirroring -ConfigPath D:\mcdir\inst1 -Credential $cred }

        Repairs the set-up only when something changed.

    .OUTPUTS
        PgCluster.PlanStep, System.Boolean

    .LINK
        Install-PgMirroring
    #>
    [CmdletBinding()]
    [OutputType('PgCluster.PlanStep', [bool])]
    param (
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)]
        [Alias('McDirectory')]
        [ValidateNotNullOrEmpty()]
        [string]
        $ConfigPath,

        [Parameter()]
        [string]
        $LocalServer,

        [Parameter()]
        [string]
        $Account,

        [Parameter()]
        [string]
        $PgBinPath,

        [Parameter()]
        [switch]
        $Quiet
    )

    process {
        try {
            $plan = Get-PgMirroringPlanData -ConfigPath $ConfigPath -LocalServer $LocalServer -Account (Resolve-PgAccount -Account $Account) -PgBinPath $PgBinPath
            $steps = @(Invoke-PgPlan -Plan $plan -Mode Test)
        }
        catch {
            $PSCmdlet.ThrowTerminatingError($_)
        }
        if ($Quiet) {
            return (@($steps | Where-Object -FilterScript { $_.Before -ne 'present' }).Count -eq 0)
        }
        $steps
    }
}
