function Register-PgInstanceService {
    <#
    .SYNOPSIS
        Registers a PostgreSQL instance as a demand-start Windows service (pg_ctl register).

    .DESCRIPTION
        Runs pg_ctl register -N <name> -D <data directory> -U <account> -S demand -w, as the
        manual's instance set-up asks: the Mirroring Controller starts and stops the instance, so
        its service must never start with Windows. The password is not given to pg_ctl, whose
        -P would put it on a command line (Security event 4688 shows those): it is then set through
        the service control manager's API, from standard input. A group Managed Service Account
        (DOMAIN\name$) or NT AUTHORITY\... account needs no password: give it as -Credential with
        an empty password. A service of that name that
        already runs this data directory is kept (and set back to demand start if someone changed
        it); one that runs another data directory is an error unless -Force replaces it.

    .PARAMETER Name
        The service name: db_instance_service_name of <serverIdentifier>.conf.

    .PARAMETER DataDirectory
        The instance's data directory (db_instance).

    .PARAMETER Credential
        The instance administrator's account and password; the service runs as this account.

    .PARAMETER PgCtlPath
        Full path of pg_ctl.exe of the PostgreSQL that runs the instance.

    .PARAMETER Force
        Replaces a service of the same name that runs another data directory, without asking.

    .EXAMPLE
        Register-PgInstanceService -Name inst1 -DataDirectory D:\database\inst1 -Credential (Get-Credential CONTOSO\symfo) -PgCtlPath 'C:\Program Files\PostgreSQL\17\bin\pg_ctl.exe'

        Registers the instance of server1 for the Mirroring Controller.

    .OUTPUTS
        PgCluster.Service

    .LINK
        Unregister-PgInstanceService
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType('PgCluster.Service')]
    param (
        [Parameter(Mandatory = $true, Position = 0)]
        [ValidateNotNullOrEmpty()]
        [string]
        $Name,

        [Parameter(Mandatory = $true)]
        [ValidateNotNullOrEmpty()]
        [string]
        $DataDirectory,

        [Parameter(Mandatory = $true)]
        [System.Management.Automation.PSCredential]
        [System.Management.Automation.Credential()]
        $Credential,

        [Parameter(Mandatory = $true)]
        [ValidateNotNullOrEmpty()]
        [string]
        $PgCtlPath,

        [Parameter()]
        [switch]
        $Force
    )

    if ($Force -and -not $PSBoundParameters.ContainsKey('Confirm')) {
        $ConfirmPreference = 'None'
    }
    $current = Get-PgService -Name $Name
    if ($current) {
        $runsThis = $current.BinaryPath -like '*runservice*' -and $current.BinaryPath -like "*`"$DataDirectory`"*"
        if ($runsThis) {
            if ($current.StartType -ne 'Demand') {
                Set-PgServiceStartMode -Name $Name -StartMode Demand
            }
            else {
                Write-Verbose -Message "Service '$Name' already runs $DataDirectory on demand."
                $current
            }
            return
        }
        if (-not $Force) {
            $PSCmdlet.ThrowTerminatingError((New-PgErrorRecord -ErrorId 'ServiceNameTaken' -Category ResourceExists -TargetObject $Name `
                        -Message "A service named '$Name' already exists and runs: $($current.BinaryPath)" `
                        -Hint 'Choose another db_instance_service_name, or add -Force to replace that service.'))
        }
        if (-not $PSCmdlet.ShouldProcess("service '$Name'", 'Remove the service of another data directory')) {
            return
        }
        $null = Invoke-PgNative -FilePath $PgCtlPath -ArgumentList @('unregister', '-N', $Name)
    }
    if (-not $PSCmdlet.ShouldProcess("service '$Name'", "Register the instance $DataDirectory (demand start, runs as $($Credential.UserName))")) {
        return
    }
    $run = Invoke-PgNative -FilePath $PgCtlPath -ArgumentList @('register', '-N', $Name, '-D', $DataDirectory,
        '-U', $Credential.UserName, '-S', 'demand', '-w')
    $after = Get-PgService -Name $Name
    if ($run.ExitCode -ne 0 -or -not $after) {
        $PSCmdlet.ThrowTerminatingError((New-PgErrorRecord -ErrorId 'InstanceRegisterFailed' -TargetObject $Name `
                    -Message "pg_ctl register -N $Name failed (exit code $($run.ExitCode)): $($run.Output -join ' ')" `
                    -Hint 'Run PowerShell as Administrator; the account needs the Log on as a service right (Grant-PgServiceLogonRight).'))
    }
    if (-not (Test-PgPasswordlessAccount -Account $Credential.UserName)) {
        $settings = @{ name = $Name; account = $after.Account; password = $Credential.GetNetworkCredential().Password }
        try {
            $after = Invoke-PgServiceTool -Set $settings -ErrorId 'InstanceRegisterFailed' `
                -Hint 'Check the password of the account; run PowerShell as Administrator.'
        }
        catch {
            # Not left registered without its password: the next run starts clean.
            $null = Invoke-PgNative -FilePath $PgCtlPath -ArgumentList @('unregister', '-N', $Name)
            $PSCmdlet.ThrowTerminatingError($_)
        }
    }
    $after
}
