function Initialize-PgMirroringStandby {
    <#
    .SYNOPSIS
        Builds (or rebuilds) this server's instance as a standby of the primary (mc_ctl setup).

    .DESCRIPTION
        Runs mc_ctl setup -r standby -M <directory> --json: pg_basebackup copies the primary into a
        directory beside db_instance, the copy is checked and configured as a standby, and only
        then does it replace the old data directory (a failure leaves the old one as it was). The
        controller and the instance of this server must be stopped. When a credential is given,
        mc_ctl keeps its password in an owner-only passfile for the standby's connection. The
        password reaches mc_ctl in the PGPASSWORD environment variable of its process only, never
        on a command line (where the process list would show it) nor in verbose output. This replaces the data directory, so it asks
        for confirmation unless -Force or -Confirm:$false is given.

    .PARAMETER ConfigPath
        The Mirroring Controller management directory (mc_ctl -M), holding network.conf and the
        server files. Accepts pipeline input by property name (also as McDirectory).

    .PARAMETER LocalServer
        The server identifier of this machine in network.conf (mc_ctl --local-server). Needed
        only when both servers of network.conf run on the same host.

    .PARAMETER PrimaryHost
        Host name or address of the primary's instance (mc_ctl -h).

    .PARAMETER PrimaryPort
        Port of the primary's instance (mc_ctl -p).

    .PARAMETER Credential
        The replication user and its password (mc_ctl -U and the password). Without it, mc_ctl
        connects as the current Windows user name with a password from its pgpass file, if any.

    .PARAMETER StandbyName
        The application_name the standby connects with; it must be the name the primary's
        synchronous_standby_names waits for. Defaults to this server's identifier.

    .PARAMETER InstancePort
        The port the standby instance listens on. Defaults to the port of the data directory
        being replaced, or the primary's.

    .PARAMETER PassThru
        Returns the mirroring status of both servers (Get-PgMirroringStatus) afterwards.

    .PARAMETER Force
        Replaces the data directory without asking for confirmation.

    .EXAMPLE
        Initialize-PgMirroringStandby -ConfigPath D:\mcdir\inst1 -PrimaryHost server1 -PrimaryPort 27500 -Credential (Get-Credential repluser)

        Copies the primary on server1 and makes this server its standby.

    .EXAMPLE
        Initialize-PgMirroringStandby -ConfigPath D:\mcdir\inst1 -PrimaryHost 192.0.2.10 -PrimaryPort 27500 -StandbyName server2 -WhatIf

        Shows what would be rebuilt without touching the data directory.

    .OUTPUTS
        None, or PgCluster.MirroringStatus with -PassThru.

    .LINK
        Start-PgMirroring
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    [OutputType('PgCluster.MirroringStatus')]
    param (
        [Parameter(Mandatory = $true, ValueFromPipelineByPropertyName = $true, Position = 0)]
        [Alias('McDirectory')]
        [ValidateNotNullOrEmpty()]
        [string]
        $ConfigPath,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [string]
        $LocalServer,

        [Parameter(Mandatory = $true)]
        [ValidateNotNullOrEmpty()]
        [string]
        $PrimaryHost,

        [Parameter(Mandatory = $true)]
        [ValidateRange(1, 65535)]
        [int]
        $PrimaryPort,

        [Parameter()]
        [System.Management.Automation.PSCredential]
        [System.Management.Automation.Credential()]
        $Credential = [System.Management.Automation.PSCredential]::Empty,

        [Parameter()]
        [ValidateNotNullOrEmpty()]
        [string]
        $StandbyName,

        [Parameter()]
        [ValidateRange(1, 65535)]
        [int]
        $InstancePort,

        [Parameter()]
        [switch]
        $PassThru,

        [Parameter()]
        [switch]
        $Force
    )

    begin {
        if ($Force -and -not $PSBoundParameters.ContainsKey('Confirm')) {
            $ConfirmPreference = 'None'
        }
    }

    process {
        $arguments = New-PgMcCtlArgument -Mode 'setup' -ConfigPath $ConfigPath -LocalServer $LocalServer
        $arguments += @('-r', 'standby', '-h', $PrimaryHost, '-p', "$PrimaryPort")
        $user = $null
        $password = $null
        if ($Credential -and $Credential -ne [System.Management.Automation.PSCredential]::Empty) {
            $user = $Credential.UserName
            $password = $Credential.GetNetworkCredential().Password
            $arguments += "--user=$user"
        }
        if ($StandbyName) {
            $arguments += "--standby-name=$StandbyName"
        }
        if ($InstancePort) {
            $arguments += "--instance-port=$InstancePort"
        }
        $target = "instance of the Mirroring Controller in $($arguments[2])"
        if ($LocalServer) {
            $target = "$target (server $LocalServer)"
        }
        $action = "Replace its data directory with a standby copy of ${PrimaryHost}:$PrimaryPort"
        if ($user) {
            $action = "$action (user $user)"
        }
        if (-not $PSCmdlet.ShouldProcess($target, $action)) {
            return
        }
        $environment = @{}
        if ($password) {
            $environment['PGPASSWORD'] = $password
        }
        try {
            $answer = Invoke-PgNodeTool -Tool 'mc_ctl' -ArgumentList $arguments -Environment $environment
        }
        catch {
            $PSCmdlet.ThrowTerminatingError($_)
        }
        finally {
            $password = $null
            $environment = $null
        }
        Write-Verbose -Message "mc_ctl setup answered: $($answer | ConvertTo-Json -Compress -Depth 5)"
        if ($PassThru) {
            Get-PgMirroringStatus -ConfigPath $ConfigPath -LocalServer $LocalServer
        }
    }
}
